import type { App } from "@slack/bolt";
import { parseOrigin, submittedFields } from "../slack-forms.js";
import type { ListenerContext } from "./context.js";

/** Submitted forms (modals), traced to where they were opened by their private metadata. */
export function listenViewSubmissions(app: App, context: ListenerContext): void {
  const { members, logger, now, dispatch, place, reply } = context;
  // https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
  app.view({ type: "view_submission" }, async ({ ack, body, view }) => {
    await ack();
    const origin = parseOrigin(view.private_metadata);
    if (!origin) {
      logger.warn({ callbackId: view.callback_id }, "form submission without an origin ignored");
      return;
    }
    const user = await members.get(body.user.id, body.user.name);
    await dispatch({
      type: "form",
      formId: view.callback_id,
      fields: submittedFields(view.state.values),
      user,
      place: place(origin.workspaceId, origin.channelId),
      deliveryId: `${view.id}:${view.hash}`,
      receivedAt: now(),
      reply: reply({ workspaceId: origin.workspaceId, channelId: origin.channelId, userId: body.user.id }),
    });
  });
}
