package dev.voicelog.tap.realtime;

import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;

/**
 * Keeps the session configuration in force: the server's {@code session.created} and
 * {@code session.updated} carry the whole session as the server applies it, so they are what the proxy
 * believes in the end. A client's {@code session.update} changes the input format and turn detection at
 * once, in order with the audio the client sends after it ({@link SessionConfig#requested}): the server
 * applies it to that audio, and its {@code session.updated} may come back after some of it has passed.
 */
final class ConfigInterceptor implements Interceptor {
  private final RealtimeState state;

  ConfigInterceptor(RealtimeState state) {
    this.state = state;
  }

  @Override
  public void intercept(Chain chain) {
    chain.proceed(chain.message());
    RealtimeEvent e = RealtimeEvent.of(chain.message());
    if (chain.message().direction() == Direction.UPSTREAM_TO_CLIENT
        && e.is(RealtimeTypes.SESSION_CREATED, RealtimeTypes.SESSION_UPDATED)) {
      state.config(SessionConfig.parse(e.json.get("session"), state.config()));
    } else if (chain.message().direction() == Direction.CLIENT_TO_UPSTREAM && e.is(RealtimeTypes.SESSION_UPDATE)) {
      state.config(state.config().requested(e.json.get("session")));
    }
  }
}
