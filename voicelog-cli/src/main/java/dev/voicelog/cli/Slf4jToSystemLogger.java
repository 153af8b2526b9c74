package dev.voicelog.cli;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The {@code voicelog} command's SLF4J backend: the web server the taps run on (Javalin, Jetty) logs
 * through SLF4J, and the command sends its warnings and errors to {@link System.Logger} like every other
 * voicelog diagnostic; information and debug messages are dropped. Without a backend Javalin prints a
 * banner about the missing logger on every start. The libraries (voicelog-tap) ship no backend: an
 * application that embeds them keeps its own. Registered in {@code META-INF/services}.
 */
public final class Slf4jToSystemLogger implements SLF4JServiceProvider {
  private final ILoggerFactory loggers = SystemLoggerAdapter::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  /** Called by SLF4J's service loader. */
  public Slf4jToSystemLogger() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  /** WARN and ERROR to the {@link System.Logger} of the same name. */
  static final class SystemLoggerAdapter extends LegacyAbstractLogger implements Logger {
    private static final long serialVersionUID = 1L;
    private final transient System.Logger target;

    SystemLoggerAdapter(String name) {
      this.name = name;
      this.target = System.getLogger(name);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return false;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      System.Logger.Level l = level == Level.ERROR ? System.Logger.Level.ERROR : System.Logger.Level.WARNING;
      String message = MessageFormatter.basicArrayFormat(pattern, args);
      if (t == null) {
        target.log(l, message);
      } else {
        target.log(l, message, t);
      }
    }
  }
}
