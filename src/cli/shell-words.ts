/** A word as a POSIX shell reads it back unchanged: bare when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line to print for copying into a shell. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
