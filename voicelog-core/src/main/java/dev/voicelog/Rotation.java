package dev.voicelog;

/**
 * When the logger starts a new file. The period of an event is that of its own UTC timestamp, so an event
 * at 23:59:59.999 and one at 00:00:00.001 land in their own days' files whatever the writer's clock says.
 * Immutable and thread-safe.
 */
public enum Rotation {
  /** {@code voicelog_events_2026-11-21.jsonl}: one file per UTC day (the default). */
  DAILY,
  /** {@code voicelog_events_2026-11-21T15.jsonl}: one file per UTC hour. */
  HOURLY,
  /** {@code voicelog_events.jsonl}: one file for ever. */
  NONE
}
