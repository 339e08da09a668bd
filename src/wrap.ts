/** Plain text that fits an email or a review reply: at most WIDTH columns, wrapped at spaces. */

export const WIDTH = 100;

/** Words of `text` in lines of at most `width` columns, each after `indent`. */
export function wrapText(text: string, width: number, indent = ""): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}
