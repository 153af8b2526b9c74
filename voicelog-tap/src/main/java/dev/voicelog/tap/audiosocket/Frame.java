package dev.voicelog.tap.audiosocket;

/**
 * One AudioSocket frame as read from the stream.
 *
 * @param kind the kind byte (0 to 255)
 * @param offset where its header starts, in bytes from the start of its direction's stream
 * @param payload its payload (a copy)
 */
record Frame(int kind, long offset, byte[] payload) {}
