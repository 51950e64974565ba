/**
 * escape-html 1.0.3 ships no types. Delete this file once @types/escape-html is a devDependency.
 */
declare module "escape-html" {
  export default function escapeHtml(text: string): string;
}
