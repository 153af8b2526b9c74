package dev.voicelog.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessGuardTest {
  static final String TOKEN = "0123456789abcdef-token";

  @Test
  void theTokenIsAcceptedFromTheHeaderTheCustomHeaderOrTheQuery() {
    AccessGuard g = new AccessGuard(TOKEN);
    assertThat(g.check("Bearer " + TOKEN, null, null, "evil.example")).isEqualTo(AccessGuard.Verdict.ALLOWED);
    assertThat(g.check("bearer " + TOKEN, null, null, null)).isEqualTo(AccessGuard.Verdict.ALLOWED);
    assertThat(g.check(null, TOKEN, null, null)).isEqualTo(AccessGuard.Verdict.ALLOWED);
    assertThat(g.check(null, null, TOKEN, null)).isEqualTo(AccessGuard.Verdict.ALLOWED);
  }

  @Test
  void aMissingOrWrongTokenIsRefused() {
    AccessGuard g = new AccessGuard(TOKEN);
    assertThat(g.check(null, null, null, "127.0.0.1")).isEqualTo(AccessGuard.Verdict.NO_TOKEN);
    assertThat(g.check("Basic " + TOKEN, null, null, null)).isEqualTo(AccessGuard.Verdict.NO_TOKEN);
    assertThat(g.check("Bearer " + TOKEN + "x", null, null, null)).isEqualTo(AccessGuard.Verdict.WRONG_TOKEN);
    assertThat(g.check(null, null, TOKEN.substring(0, 10), null)).isEqualTo(AccessGuard.Verdict.WRONG_TOKEN);
  }

  @Test
  void withoutATokenOnlyLoopbackHostHeadersAreServed() {
    AccessGuard g = new AccessGuard(null);
    for (String host : new String[] {"127.0.0.1:8080", "localhost", "LOCALHOST:80", "[::1]:8080", "127.1.2.3"}) {
      assertThat(g.check(null, null, null, host)).as(host).isEqualTo(AccessGuard.Verdict.ALLOWED);
    }
    for (String host : new String[] {"evil.example", "evil.example:8080", "10.0.0.5:8080", "localhost.evil.example", "", null}) {
      assertThat(g.check(null, null, null, host)).as(String.valueOf(host)).isEqualTo(AccessGuard.Verdict.FOREIGN_HOST);
    }
  }
}
