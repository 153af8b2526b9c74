package dev.voicelog.audio.record;

/**
 * What an interruption ({@link CallRecorder#clear()}, {@link CallRecorder#clearAt(long)}) did to the agent's
 * playback. Times are readings of the session's monotonic clock. Immutable and thread-safe.
 *
 * @param atNanos where the agent's audio was cut
 * @param wasPlaying whether agent audio was playing (or queued) at that moment; false means nothing was cut
 * @param playbackStartNanos when the interrupted playback started (0 when nothing was playing)
 * @param playedNanos how much of it had played: {@code atNanos - playbackStartNanos} (what the Realtime API's
 *     {@code conversation.item.truncate} calls {@code audio_end_ms}, when the playback is one item)
 * @param discardedNanos how much queued audio was thrown away unplayed
 */
public record Interruption(long atNanos, boolean wasPlaying, long playbackStartNanos, long playedNanos, long discardedNanos) {}
