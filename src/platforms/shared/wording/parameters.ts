import type { ParameterFitView } from "../../../domain/ports/views/review.js";
import type { StatsParameters } from "../../../domain/ports/views/stats.js";
import type { Block, RichMessage } from "../rich-message.js";

export function presentParameterFit(view: ParameterFitView): RichMessage {
  let text: string;
  switch (view.outcome) {
    case "started":
      text =
        "Fitting the scheduler to your review history in the background. `/stats` shows the result in a minute or two; your parameters only change if they predict your recent reviews better than the defaults.";
      break;
    case "already_running":
      text = "A fit of your history has just started. `/stats` shows the result once it is done.";
      break;
    case "too_few":
      text = `Fitting needs at least ${view.threshold} graded reviews; you have ${view.reviews}. Until then you are scheduled with your group's pooled parameters if it has enough reviews, otherwise with the FSRS defaults.`;
      break;
  }
  return {
    title: "Fit to my history",
    tone: view.outcome === "too_few" ? "warning" : "info",
    blocks: [{ type: "text", markdown: text }],
    fallback: text,
  };
}

/** The `/stats` lines on which parameters schedule the member and how well their own fit predicts. */
export function parametersBlock(parameters: StatsParameters): Block {
  const lines = [`**Scheduled with:** ${source(parameters)}`];
  const own = parameters.ownFit;
  if (own) {
    lines.push(
      `**Your fit of ${own.fittedOn}** on your latest reviews: log-loss ${own.fitted.logLoss.toFixed(3)} vs ${own.defaults.logLoss.toFixed(3)} for the defaults, RMSE ${percent(own.fitted.rmse)} vs ${percent(own.defaults.rmse)}${own.accepted ? "" : " (not better than the defaults, so the defaults stay)"}`,
    );
  } else if (parameters.reviews < parameters.threshold) {
    lines.push(`Your own fit starts at ${parameters.threshold} reviews (you have ${parameters.reviews}).`);
  }
  return { type: "text", markdown: lines.join("\n") };
}

function source(parameters: StatsParameters): string {
  switch (parameters.source) {
    case "defaults":
      return "FSRS default parameters";
    case "member":
      return `your own parameters, fitted ${parameters.since}`;
    case "group":
      return `your group's pooled parameters, fitted ${parameters.since}`;
  }
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
