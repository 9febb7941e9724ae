/**
 * SQL literals for the statements a batch sends as one simple-protocol message: the rows of a
 * whole batch and its COMMIT travel in one round trip, which bound parameters cannot do (the
 * extended protocol carries one statement per message).
 *
 * Each value is written as the text PostgreSQL would have received as a bound parameter, quoted,
 * so the column's own input function reads it exactly as before: `'42'` into an integer column is
 * 42, `'1.5'` is refused the same way a parameter `1.5` is.
 */

/** What a literal may be made of: the text of a bound parameter, or SQL NULL. */
export type SqlValue = string | number | null | undefined;

/**
 * A value as a quoted SQL literal (`NULL` for null or undefined), or undefined when its text
 * holds a NUL character, which a simple-protocol message cannot carry: the caller then sends
 * that value as a bound parameter instead.
 *
 * @example
 * sqlLiteral("O'Brien"); // "'O''Brien'"
 * sqlLiteral('C:\\temp'); // "E'C:\\\\temp'" (E'' keeps the backslash whatever standard_conforming_strings says)
 * sqlLiteral(42); // "'42'"
 * sqlLiteral(null); // 'NULL'
 */
export function sqlLiteral(value: SqlValue): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  if (text.includes('\0')) return undefined;
  // node-pg's escapeLiteral, with the same output: doubled quotes, and E'' with doubled
  // backslashes when there are any. It builds the literal a character at a time, which costs a
  // batch more than anything else it does under the chain lock for a 2 KB document.
  const quoted = text.includes("'") ? text.replaceAll("'", "''") : text;
  return text.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/**
 * A parenthesised row of literals for a multi-row `VALUES` list, or undefined when one of its
 * values cannot be a literal (see {@link sqlLiteral}).
 *
 * @example
 * sqlRow(['complaint', '2611', 7]); // "('complaint', '2611', '7')"
 */
export function sqlRow(values: readonly SqlValue[]): string | undefined {
  const literals: string[] = [];
  for (const v of values) {
    const literal = sqlLiteral(v);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  return `(${literals.join(', ')})`;
}
