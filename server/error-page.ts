/**
 * Pages the HTTP layer answers itself, before React Router runs (403 cross-site, 413 too large,
 * 500 last resort). Bilingual, self-contained, in the site's colours.
 */
const TEXT: Record<number, { nl: [string, string]; en: [string, string] }> = {
  400: {
    nl: [
      "Dit kunnen we niet lezen",
      "Wat je verstuurde is geen formulier dat we kennen. Ga terug naar de pagina en probeer het opnieuw.",
    ],
    en: [
      "We cannot read this",
      "What you sent is not a form we know. Go back to the page and try again.",
    ],
  },
  403: {
    nl: [
      "Dit verzoek is geweigerd",
      "Het verzoek kwam niet van deze website. Ga terug naar de pagina en probeer het opnieuw.",
    ],
    en: [
      "This request was refused",
      "The request did not come from this website. Go back to the page and try again.",
    ],
  },
  413: {
    nl: [
      "Dit is te veel om te versturen",
      "Wat je probeerde te versturen is te groot. Maak het kleiner en probeer het opnieuw.",
    ],
    en: [
      "This is too much to send",
      "What you tried to send is too large. Make it smaller and try again.",
    ],
  },
  500: {
    nl: [
      "Er ging iets mis",
      "Dit is onze fout, niet de jouwe. Probeer het over een paar minuten opnieuw.",
    ],
    en: [
      "Something went wrong",
      "This is our fault, not yours. Please try again in a few minutes.",
    ],
  },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function friendlyErrorPage(status: 400 | 403 | 413 | 500, requestId: string): string {
  const t = TEXT[status]!;
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.nl[0]} | SPOT 035</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1c1c1c;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6">
<main>
<h1 style="color:#073447">${t.nl[0]}</h1><p>${t.nl[1]}</p>
<section lang="en"><h2 style="color:#073447">${t.en[0]}</h2><p>${t.en[1]}</p></section>
<p>Code: <code>${escapeHtml(requestId)}</code></p>
<p><a href="/" style="color:#0b4f6c">SPOT 035</a></p>
</main></body></html>`;
}
