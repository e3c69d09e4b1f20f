// The hover of a resource row: what it is, then "field: value" lines (raw status, message, counts),
// in a MarkdownString whose values are escaped.
import * as vscode from 'vscode';

export function detailTooltip(
  title: string,
  fields: [string, string | number | undefined][],
): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown('**').appendText(title).appendMarkdown('**');
  for (const [name, value] of fields) {
    if (value === undefined || value === '') continue;
    markdown.appendMarkdown('  \n').appendText(`${name}: `);
    if (name === 'Status') markdown.appendMarkdown('`').appendText(String(value)).appendMarkdown('`');
    else markdown.appendText(String(value));
  }
  return markdown;
}

/** "64 images · 12 anomalous" → "64 images, 12 anomalous": what a screen reader says after the name. */
export function spoken(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(', ').replace(/ · /g, ', ').replace(/…/g, '');
}
