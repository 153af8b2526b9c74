package dev.voicelog;

/**
 * A configuration value that cannot be used, from the builder or from the environment. The message names
 * the setting (for environment variables, the variable itself), the value, and what was expected. Holds
 * only its message: safe to pass between threads.
 */
public final class VoiceLogConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message names the setting, the value and what was expected */
  public VoiceLogConfigException(String message) {
    super(message);
  }
}
