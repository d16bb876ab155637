// The findings of the suite's workspace, test/e2e/fixtures/broken: code, severity and exact range
// (0-based, as the API gives them). The same as `reqtrace check test/e2e/fixtures/broken`.
const { fileUri, findings } = require('./helpers');

const EXPECTED = {
  'itt/section-3.itt.yaml': [
    ['not-agreed', 'info', '9:26-9:37'],
    ['not-agreed', 'info', '9:39-9:50'],
    ['not-agreed', 'info', '9:52-9:63'],
    ['not-agreed', 'info', '9:78-9:89'],
    ['not-agreed', 'info', '9:91-9:102'],
    ['not-agreed', 'info', '9:104-9:115'],
    ['wrong-kind-link', 'error', '18:26-18:36'],
    ['empty-clause', 'warning', '22:8-22:15'],
    ['withdrawn-link', 'warning', '28:13-28:24'],
    ['broken-link', 'error', '28:26-28:37'],
    ['schema', 'error', '32:8-32:15'],
    ['not-agreed', 'info', '36:13-36:24'],
  ],
  'needs/payroll.needs.yaml': [
    ['uncovered-need', 'warning', '23:8-23:18'],
  ],
  'requirements/expenses.reqs.yaml': [
    ['kind-mismatch', 'error', '2:6-2:11'],
    ['duplicate-id', 'error', '6:8-6:19'],
  ],
  'requirements/finance.reqs.yaml': [
    ['schema', 'error', '10:14-10:17'],
    ['duplicate-id', 'error', '15:8-15:19'],
    ['schema', 'error', '23:4-23:14'],
    ['schema', 'error', '28:8-28:19'],
    ['schema', 'error', '37:8-37:19'],
  ],
  'requirements/payroll.reqs.yaml': [
    ['broken-link', 'error', '20:16-20:25'],
    ['orphan-requirement', 'warning', '34:8-34:19'],
    ['uncovered-requirement', 'warning', '43:8-43:19'],
    ['parent-cycle', 'error', '59:12-59:23'],
    ['parent-cycle', 'error', '69:12-69:23'],
  ],
  'requirements/procurement.reqs.yaml': [
    ['yaml-syntax', 'error', '7:4-7:9'],
  ],
};

/** What the workspace shows now, in the same shape: each file's reqtrace findings as [code, severity, range]. */
function current() {
  return Object.fromEntries(Object.keys(EXPECTED).map((file) => [file, findings(fileUri(file)).map((f) => [f.code, f.severity, f.range])]));
}

module.exports = { EXPECTED, current };
