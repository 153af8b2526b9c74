/**
 * The relays every tap is built on, with an OkHttp-style pipeline: {@link RelayServer} (WebSocket) and
 * {@link TcpRelayServer} (TCP) accept clients, connect each to its upstream, open one log
 * {@link dev.voicelog.Session} per connection and pass every {@link Message} of either direction through the
 * connection's {@link Interceptor}s, whose {@link Chain#proceed} forwards it unchanged. A {@link Connection}
 * is what an interceptor knows of its connection; {@link Secrets} takes credentials out of everything a tap
 * writes. Each direction of a connection is one thread with blocking I/O.
 *
 * <p>The Realtime proxy ({@link dev.voicelog.tap.realtime}) and the Twilio tap ({@link dev.voicelog.tap.twilio})
 * are configurations of {@link RelayServer}, the AudioSocket tap ({@link dev.voicelog.tap.audiosocket}) one of
 * {@link TcpRelayServer}.
 */
package dev.voicelog.tap.relay;
