package dev.voicelog.tap.realtime;

import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;
import dev.voicelog.tap.relay.Message;

/**
 * Keeps the session configuration in force. The server's {@code session.created} and {@code session.updated}
 * carry the whole session as the server applies it: the truth. But the server applies a client's
 * {@code session.update} to the audio right behind it, and its {@code session.updated} may come back after
 * some of that audio has passed (or, under load, be read here after the client's next messages), so a
 * request takes effect here before it is forwarded, and stays in force on top of the server's sessions until
 * answered ({@link RealtimeState#requested}, {@link RealtimeState#fromServer}). Only messages that mention
 * {@code "session.update"} are parsed before forwarding.
 */
final class ConfigInterceptor implements Interceptor {
  private static final String SESSION_UPDATE_QUOTED = "\"" + RealtimeTypes.SESSION_UPDATE + "\"";

  private final RealtimeState state;

  ConfigInterceptor(RealtimeState state) {
    this.state = state;
  }

  @Override
  public void intercept(Chain chain) {
    Message m = chain.message();
    boolean fromClient = m.direction() == Direction.CLIENT_TO_UPSTREAM;
    if (fromClient && m.isText() && m.text().contains(SESSION_UPDATE_QUOTED)) {
      RealtimeEvent e = RealtimeEvent.of(m);
      if (e.is(RealtimeTypes.SESSION_UPDATE)) {
        state.requested(e.text("event_id"), e.json.get("session"));
      }
    }
    chain.proceed(m);
    if (fromClient) {
      return;
    }
    RealtimeEvent e = RealtimeEvent.of(m);
    if (e.is(RealtimeTypes.SESSION_CREATED, RealtimeTypes.SESSION_UPDATED)) {
      state.fromServer(e.json.get("session"), e.is(RealtimeTypes.SESSION_UPDATED));
    } else if (e.is(RealtimeTypes.ERROR)) {
      state.refused(e.json.path("error").path("event_id").asText(null));
    }
  }
}
