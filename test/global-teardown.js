// Stops what global-setup.js started.
module.exports = async function globalTeardown() {
  const pg = globalThis.__CASEFLOW_TEST_PG__;
  if (pg) await pg.stop();
};
