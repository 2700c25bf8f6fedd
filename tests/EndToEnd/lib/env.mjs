// Settings come from the environment (the xunit tests set them) or from command-line flags (--mcp-url=...).
export function setting(name, fallback) {
  const flag = `--${name.toLowerCase().replace(/_/g, '-')}=`;
  const fromArgs = process.argv.slice(2).find((a) => a.startsWith(flag));
  const value = fromArgs ? fromArgs.slice(flag.length) : process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    throw new Error(`Set ${name} (or pass ${flag}...)`);
  }

  return value;
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(`Check failed: ${message}`);
  }
}

/** Runs main, prints the error and exits 1 on failure, 0 on success. */
export function run(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`FAILED: ${error?.stack ?? error}`);
      process.exit(1);
    },
  );
}
