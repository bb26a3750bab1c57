/** One sample's value from Prometheus text, by metric name and exact label set (`{a="1",b="2"}`). */
export function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((entry) => entry.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

/** The metric's declared type (`# TYPE name type`), or undefined when it is not in the text. */
export function typeOf(text: string, name: string): string | undefined {
  const line = text.split("\n").find((entry) => entry.startsWith(`# TYPE ${name} `));
  return line?.split(" ")[3];
}
