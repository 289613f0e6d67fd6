/** Put fixture HTML (test-written, never index data) into the document body without innerHTML. */
export function setBody(html: string, doc: Document = document): void {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  doc.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => doc.importNode(n, true)));
}
