import { fakeTeamId } from "./fake-slack.js";

/**
 * Payloads shaped like the ones Slack sends (https://docs.slack.dev/interactivity/handling-user-interaction),
 * trimmed to the fields Bolt and quizbot read. The same objects travel over HTTP and Socket Mode.
 */
let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

export interface Actor {
  readonly userId: string;
  readonly userName: string;
  readonly channelId: string;
}

export function slashCommand(
  actor: Actor,
  command: string,
  text: string,
  responseUrl: string,
): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: fakeTeamId,
    team_domain: "fake",
    channel_id: actor.channelId,
    channel_name: "study",
    user_id: actor.userId,
    user_name: actor.userName,
    command,
    text,
    api_app_id: "AFAKE",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `trigger-${next()}`,
  };
}

export function blockAction(
  actor: Actor,
  action: { readonly actionId: string; readonly selected?: readonly string[]; readonly actionTs?: string },
  message: { readonly ts: string; readonly ephemeral?: boolean },
  responseUrl: string,
): Record<string, unknown> {
  const actionTs = action.actionTs ?? `1700000100.${String(next()).padStart(6, "0")}`;
  const element = action.selected
    ? {
        type: "multi_static_select",
        action_id: action.actionId,
        block_id: "b1",
        selected_options: action.selected.map((value) => ({
          text: { type: "plain_text", text: value },
          value,
        })),
        action_ts: actionTs,
      }
    : {
        type: "button",
        action_id: action.actionId,
        block_id: "b1",
        text: { type: "plain_text", text: "A" },
        action_ts: actionTs,
      };
  return {
    type: "block_actions",
    api_app_id: "AFAKE",
    token: "legacy-verification-token",
    team: { id: fakeTeamId, domain: "fake" },
    user: { id: actor.userId, username: actor.userName, name: actor.userName, team_id: fakeTeamId },
    container: {
      type: "message",
      message_ts: message.ts,
      channel_id: actor.channelId,
      is_ephemeral: message.ephemeral ?? false,
    },
    channel: { id: actor.channelId, name: "study" },
    message: message.ephemeral ? undefined : { type: "message", ts: message.ts, text: "question" },
    trigger_id: `trigger-${next()}`,
    response_url: responseUrl,
    actions: [element],
  };
}

export function viewSubmission(
  actor: Actor,
  callbackId: string,
  privateMetadata: string,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const state: Record<string, Record<string, { type: string; value: string }>> = {};
  for (const [id, value] of Object.entries(values)) state[id] = { [id]: { type: "plain_text_input", value } };
  return {
    type: "view_submission",
    api_app_id: "AFAKE",
    token: "legacy-verification-token",
    team: { id: fakeTeamId, domain: "fake" },
    user: { id: actor.userId, username: actor.userName, name: actor.userName, team_id: fakeTeamId },
    trigger_id: `trigger-${next()}`,
    view: {
      id: `V${next()}`,
      hash: `hash-${next()}`,
      type: "modal",
      callback_id: callbackId,
      private_metadata: privateMetadata,
      team_id: fakeTeamId,
      state: { values: state },
    },
  };
}

export function messageShortcut(
  actor: Actor,
  target: { readonly text: string; readonly userId?: string },
  responseUrl: string,
): Record<string, unknown> {
  return {
    type: "message_action",
    callback_id: "run_review",
    api_app_id: "AFAKE",
    token: "legacy-verification-token",
    team: { id: fakeTeamId, domain: "fake" },
    user: { id: actor.userId, name: actor.userName },
    channel: { id: actor.channelId, name: "study" },
    message: { type: "message", text: target.text, user: target.userId, ts: "1700000050.000100" },
    message_ts: "1700000050.000100",
    trigger_id: `trigger-${next()}`,
    response_url: responseUrl,
    action_ts: `1700000101.${String(next()).padStart(6, "0")}`,
  };
}

export function eventCallback(
  event: Record<string, unknown>,
  eventId = `Ev${next()}`,
): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: fakeTeamId,
    api_app_id: "AFAKE",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: fakeTeamId, user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
  };
}

export function channelMessage(actor: Actor, text: string): Record<string, unknown> {
  return {
    type: "message",
    channel: actor.channelId,
    channel_type: "channel",
    user: actor.userId,
    text,
    ts: `1700000200.${String(next()).padStart(6, "0")}`,
    team: fakeTeamId,
  };
}

export function appHomeOpened(userId: string): Record<string, unknown> {
  return {
    type: "app_home_opened",
    user: userId,
    channel: `D${userId}`,
    tab: "home",
    event_ts: "1700000300.000100",
  };
}
