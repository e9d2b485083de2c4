// Styles into a shadow root as a constructable stylesheet, which a CSP without
// 'unsafe-inline' allows; browsers without adoptedStyleSheets get a <style> element.
export function adoptCss(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}
