// What every end-to-end scenario reports with: one line per passed check, and exit 1 on the first failure.
export function fail(msg) {
  console.error('E2E FAIL:', msg);
  process.exit(1);
}

export function check(cond, msg) {
  if (!cond) fail(msg);
  console.log('ok -', msg);
}
