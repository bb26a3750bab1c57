export interface RoundSettings {
  /** Overrides every question's time (QUESTION_SECONDS, `--question-seconds`), e.g. for scripted consoles. */
  readonly questionSeconds?: number;
  /** Pause between a reveal and the next question, so members can read the explanation. */
  readonly revealPauseMs: number;
  /** How often the backstop sweep looks for rounds left behind by a stopped process. */
  readonly sweepMs: number;
  /** Names this process in claims, for the logs. */
  readonly instanceId: string;
  /** Whether challenges can be played: they need the sandboxed runner to grade submissions. */
  readonly challenges: boolean;
}
