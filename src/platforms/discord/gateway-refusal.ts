/**
 * What an operator should change when Discord closes a shard for good (the close codes discord.js does
 * not retry: https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes).
 */
const remedies: Readonly<Record<number, string>> = {
  4004: "authentication failed: check DISCORD_TOKEN",
  4010: "invalid shard: check DISCORD_SHARDS and DISCORD_SHARD_IDS",
  4011: "sharding required: the bot is in too many servers for one shard; set DISCORD_SHARDS",
  4012: "invalid API version",
  4013: "invalid intents",
  4014: "disallowed intents: the bot asked for an intent it is not allowed",
};

/** Start-up gave up: Discord refused a shard's connection, and retrying would not help. */
export class GatewayRefusedError extends Error {
  readonly code = "discord_gateway_refused";

  constructor(
    readonly closeCode: number,
    readonly shardId: number,
  ) {
    super(`Discord closed shard ${shardId} with code ${closeCode} (${remedies[closeCode] ?? "not retried"})`);
    this.name = "GatewayRefusedError";
  }
}
