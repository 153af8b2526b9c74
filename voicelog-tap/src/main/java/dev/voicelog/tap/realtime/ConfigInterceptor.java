package dev.voicelog.tap.realtime;

import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;

/**
 * Keeps the session configuration in force: the server's {@code session.created} and
 * {@code session.updated} carry the whole session as the server applies it, so they (not the client's
 * {@code session.update} requests, which the server may refuse) are what the proxy believes.
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
    }
  }
}
