package dev.voicelog.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Who may talk to the dashboard. Every request passes through {@link #check} before any handler.
 *
 * <ul>
 *   <li><b>With a token</b> (required for any bind address other than loopback): the request must carry it,
 *       as {@code Authorization: Bearer T}, {@code X-Voicelog-Token: T} or {@code ?token=T} (the page passes
 *       it on to its API calls, its event stream and its audio). The comparison is constant-time over the
 *       SHA-256 of both, so neither the content nor the length leaks through timing. The token is never
 *       logged, never put in an error message, never echoed.</li>
 *   <li><b>Without a token</b> (loopback only): the {@code Host} header must name a loopback address or
 *       {@code localhost}, so a web page elsewhere cannot reach the dashboard through DNS rebinding.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class AccessGuard {
  /** The shortest token accepted: guessing must be hopeless. */
  static final int MIN_TOKEN_LENGTH = 16;

  /** Why a request was refused, for the response (never with the token in it). */
  enum Verdict {
    ALLOWED, NO_TOKEN, WRONG_TOKEN, FOREIGN_HOST
  }

  private final byte[] tokenDigest;

  AccessGuard(String token) {
    this.tokenDigest = token == null ? null : sha256(token);
  }

  boolean requiresToken() {
    return tokenDigest != null;
  }

  /**
   * @param authorization the Authorization header, or null
   * @param tokenHeader the X-Voicelog-Token header, or null
   * @param tokenQuery the token query parameter, or null
   * @param host the Host header, or null
   */
  Verdict check(String authorization, String tokenHeader, String tokenQuery, String host) {
    if (tokenDigest == null) {
      return isLoopbackHost(host) ? Verdict.ALLOWED : Verdict.FOREIGN_HOST;
    }
    String given = null;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = authorization.substring(7).trim();
    } else if (tokenHeader != null) {
      given = tokenHeader.trim();
    } else if (tokenQuery != null) {
      given = tokenQuery;
    }
    if (given == null || given.isEmpty()) {
      return Verdict.NO_TOKEN;
    }
    return MessageDigest.isEqual(sha256(given), tokenDigest) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
  }

  /** {@code localhost}, {@code 127.x.x.x} or {@code [::1]}, with or without a port. */
  static boolean isLoopbackHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end < 0 ? h : h.substring(1, end);
    } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') >= 0) {
      h = h.substring(0, h.indexOf(':'));
    }
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-f:]+")) {
      return false; // a name: never resolved here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Whether {@code address} (a bind address) is loopback. Names are resolved. */
  static boolean isLoopbackBind(String address) throws UnknownHostException {
    return InetAddress.getByName(address).isLoopbackAddress();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
