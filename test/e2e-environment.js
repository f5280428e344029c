// The e2e project's test environment: Node's, plus a last look for case worlds a file never closed.
// A world is built in `beforeAll`; when that hook times out, the world is still built — after the file
// stopped waiting for it — and nothing would close it: its worker and dev server would keep the Jest
// process (and CI) alive. The harness lists every world being built or open on the file's global;
// whatever is still listed here, after every hook has run, is closed.
const { TestEnvironment } = require('jest-environment-node');

const CLOSE_WITHIN_MS = 60_000;

class E2eEnvironment extends TestEnvironment {
  async teardown() {
    const open = this.global.__caseflowOpenWorlds;
    if (open && open.size > 0) {
      const closing = Promise.allSettled([...open].map(async (world) => (await world).close()));
      let timer;
      const late = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WITHIN_MS)));
      await Promise.race([closing, late]);
      clearTimeout(timer);
    }
    await super.teardown();
  }
}

module.exports = E2eEnvironment;
