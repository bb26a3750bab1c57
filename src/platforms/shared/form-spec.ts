/** A form as the platforms render it: a title and labelled text fields, in words (see `presentForm`). */
export interface FormSpec {
  readonly formId: string;
  readonly title: string;
  readonly fields: readonly {
    readonly id: string;
    readonly label: string;
    readonly multiline: boolean;
    readonly placeholder?: string;
    readonly initial?: string;
    readonly maxLength?: number;
    /** May be left empty (it comes back as ""); fields are required otherwise. */
    readonly optional?: boolean;
  }[];
}
