/**
 * Text for HTML element content and double-quoted attribute values: the five characters HTML
 * reads as markup (OWASP's rule for both contexts). The page puts nothing else from outside in
 * any other context: no URL attribute, script or style holds outside text.
 */
export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
