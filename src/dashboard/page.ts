import { stringify } from "csv-stringify/sync";
import { escapeHtml } from "./html.js";

/** One table cell: what it shows, what it sorts and exports by, and where it links. */
export interface Cell {
  readonly text: string;
  /** Sort and CSV value when it differs from the text (a number shown with a unit). */
  readonly value?: number | string;
  readonly href?: string;
  readonly flagged?: boolean;
}

export interface Table {
  /** Stable within its page: `?csv=<id>` downloads it. */
  readonly id: string;
  readonly columns: readonly { readonly label: string; readonly numeric?: boolean }[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface Section {
  readonly heading: string;
  readonly note?: string;
  /** An SVG chart drawn by `charts.ts`. */
  readonly chart?: string;
  readonly table?: Table;
}

export interface Page {
  readonly title: string;
  readonly sections: readonly Section[];
}

export interface PageFrame {
  /** Links at the top (the organiser's; a member has none). */
  readonly nav: readonly { readonly label: string; readonly href: string }[];
  /** This page's path, for its CSV links. */
  readonly path: string;
}

export function cell(text: string | number, extra: Omit<Cell, "text"> = {}): Cell {
  return typeof text === "number" ? { text: String(text), value: text, ...extra } : { text, ...extra };
}

function renderTable(table: Table, path: string): string {
  const head = table.columns
    .map(
      (column, index) =>
        `<th scope="col"${column.numeric ? ' class="num"' : ""}><button type="button" class="sort" data-column="${index}"${column.numeric ? ' data-numeric="1"' : ""}>${escapeHtml(column.label)}</button></th>`,
    )
    .join("");
  const body = table.rows
    .map((row) => {
      const cells = row.map((one, index) => {
        const numeric = table.columns[index]?.numeric;
        const classes = [numeric ? "num" : "", one.flagged ? "flagged" : ""].filter(Boolean).join(" ");
        const content = one.href
          ? `<a href="${escapeHtml(one.href)}">${escapeHtml(one.text)}</a>`
          : escapeHtml(one.text);
        const value = one.value === undefined ? "" : ` data-value="${escapeHtml(String(one.value))}"`;
        return `<td${classes ? ` class="${classes}"` : ""}${value}>${content}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("");
  const csv = `${path}?csv=${encodeURIComponent(table.id)}`;
  const empty = table.rows.length === 0 ? '<p class="empty">Nothing yet.</p>' : "";
  return `<table id="${escapeHtml(table.id)}" class="sortable"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${empty}<p class="csv"><a href="${escapeHtml(csv)}" download>Download CSV</a></p>`;
}

/** The whole HTML document of a page: no inline script or style, the CSP allows neither. */
export function renderPage(page: Page, frame: PageFrame): string {
  const nav = frame.nav
    .map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`)
    .join("");
  const sections = page.sections
    .map(
      (section) =>
        `<section><h2>${escapeHtml(section.heading)}</h2>${section.note ? `<p class="note">${escapeHtml(section.note)}</p>` : ""}${section.chart ? `<figure>${section.chart}</figure>` : ""}${section.table ? renderTable(section.table, frame.path) : ""}</section>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)}</title><link rel="stylesheet" href="/assets/dashboard.css"><script src="/assets/sort-table.js" defer></script></head><body><header><strong>quizbot</strong><nav>${nav}</nav><form method="post" action="/logout"><button type="submit">Sign out</button></form></header><main><h1>${escapeHtml(page.title)}</h1>${sections}</main></body></html>`;
}

/** The CSV of one of the page's tables: the header row, then each row's values (or texts). */
export function tableCsv(page: Page, tableId: string): string | undefined {
  const table = page.sections.map((section) => section.table).find((one) => one?.id === tableId);
  if (!table) return undefined;
  return stringify([
    table.columns.map((column) => column.label),
    ...table.rows.map((row) => row.map((one) => one.value ?? one.text)),
  ]);
}

/** A plain page for refusals and sign-out: no data, no script. */
export function plainPage(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/dashboard.css"></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}
