/**
 * The id a link names, as the YAML writes it: what comes before its stamp (`UN-1@3f9a2c1d7e` names
 * UN-1). Tests that read sample files with a YAML parser compare the ids the CLI's outputs link.
 */
export function linkId(written: string): string {
  const at = written.indexOf('@');
  return at > 0 ? written.slice(0, at) : written;
}
