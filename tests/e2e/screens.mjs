// Steps through Cartera's screens shared by the end-to-end tests and the measurement script
// (tests/perf/measure.mjs), on a WebDriver session (webdriver.mjs).

/** Opens the client list showing the search `text` ("" for every client). */
export async function showClients(session, text) {
  await session.click('[data-testid="nav-clients"]');
  await session.type('[data-testid="search"]', text);
  await session.waitFor(
    `the list for "${text}"`,
    `return document.querySelector('.client-list')?.dataset.shownSearch === ${JSON.stringify(text)}`,
  );
}
