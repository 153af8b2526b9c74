/**
 * Sample codecs, table-driven and allocation-free: G.711 {@link MuLaw} and {@link ALaw} (encoding bit-exact
 * with the ITU-T G.191 reference), 16-bit linear {@link Pcm16} in either byte order and to and from float,
 * and {@link Base64Audio} for the base64 chunks the Realtime API and Twilio carry. Stateless and thread-safe.
 *
 * <p>Depends on nothing. {@link dev.voicelog.audio.format.Encoding} dispatches to these codecs by format; the
 * recorder, the taps and {@code voicelog audio} also call them directly.
 */
package dev.voicelog.audio.codec;
