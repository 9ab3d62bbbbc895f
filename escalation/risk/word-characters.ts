/** JavaScript's \b without the u/i flags: ASCII letters, digits and "_" (how the screen reads normalised text). */
export function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}
