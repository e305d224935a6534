package dev.wrenn.testsupport;

import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Records what a quiet suite must not produce: errors dropped by Reactor, and ERROR logs or WARN logs with a
 * stack trace from Reactor, Reactor Netty, Netty and the project's code. Every logger of Reactor's and Netty's
 * logging facades is wrapped so that it records and then delegates to SLF4J (whatever backend the module
 * uses), so the output stays visible.
 */
public final class NoiseRecorder {

    private static final ConcurrentLinkedQueue<String> NOISE = new ConcurrentLinkedQueue<>();
    private static final String[] WATCHED = {"reactor.", "io.netty.", "dev.wrenn."};

    private NoiseRecorder() {
    }

    static void install() {
        Loggers.useCustomLoggers(name -> logger(Logger.class, name));
        InternalLoggerFactory.setDefaultFactory(new InternalLoggerFactory() {
            @Override
            protected InternalLogger newInstance(String name) {
                return logger(InternalLogger.class, name);
            }
        });
        org.slf4j.Logger dropped = LoggerFactory.getLogger("reactor.core.publisher.Operators");
        Hooks.onErrorDropped(error -> {
            NOISE.add("onErrorDropped: " + error);
            dropped.error("Operator called default onErrorDropped", error);
        });
    }

    /** Takes what was recorded since the last call. */
    public static List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String entry; (entry = NOISE.poll()) != null; ) {
            out.add(entry);
        }
        return out;
    }

    private static <T> T logger(Class<T> facade, String name) {
        org.slf4j.Logger slf4j = LoggerFactory.getLogger(name);
        boolean watched = false;
        for (String prefix : WATCHED) {
            watched |= name.startsWith(prefix);
        }
        InvocationHandler handler = new Delegating(slf4j, watched);
        return facade.cast(Proxy.newProxyInstance(facade.getClassLoader(), new Class<?>[] {facade}, handler));
    }

    /** Maps the calls of Reactor's and Netty's logger interfaces onto SLF4J's, recording the noisy ones. */
    private record Delegating(org.slf4j.Logger slf4j, boolean watched) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            Object[] a = args == null ? new Object[0] : args;
            switch (name) {
                case "getName", "name" -> {
                    return slf4j.getName();
                }
                case "isEnabled" -> {
                    return isEnabled(level((InternalLogLevel) a[0]));
                }
                case "log" -> {
                    Object[] rest = new Object[a.length - 1];
                    System.arraycopy(a, 1, rest, 0, rest.length);
                    log(level((InternalLogLevel) a[0]), rest);
                    return null;
                }
                case "equals" -> {
                    return proxy == a[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "Recording[" + slf4j.getName() + "]";
                }
                default -> {
                }
            }
            if (name.startsWith("is") && name.endsWith("Enabled")) {
                return isEnabled(name.substring(2, name.length() - 7).toLowerCase(Locale.ROOT));
            }
            if (name.equals("trace") || name.equals("debug") || name.equals("info") || name.equals("warn")
                    || name.equals("error")) {
                log(name, a);
                return null;
            }
            return InvocationHandler.invokeDefault(proxy, method, args); // Reactor's helpers such as warnOrDebug
        }

        private static String level(InternalLogLevel level) {
            return level.name().toLowerCase(Locale.ROOT);
        }

        private boolean isEnabled(String level) {
            return switch (level) {
                case "trace" -> slf4j.isTraceEnabled();
                case "debug" -> slf4j.isDebugEnabled();
                case "info" -> slf4j.isInfoEnabled();
                case "warn" -> slf4j.isWarnEnabled();
                default -> slf4j.isErrorEnabled();
            };
        }

        private void log(String level, Object[] args) {
            String format;
            Object[] params;
            if (args.length == 1 && args[0] instanceof Throwable t) { // Netty's trace(Throwable) and the like
                format = "Unexpected exception:";
                params = new Object[] {t};
            } else {
                format = String.valueOf(args[0]);
                params = args.length == 2 && args[1] instanceof Object[] varargs ? varargs : tail(args);
            }
            Throwable thrown = params.length > 0 && params[params.length - 1] instanceof Throwable t ? t : null;
            if (watched && (level.equals("error") || level.equals("warn") && thrown != null)) {
                NOISE.add(level.toUpperCase(Locale.ROOT) + " " + slf4j.getName() + ": " + format
                        + (thrown == null ? "" : " (" + thrown + ")"));
            }
            switch (level) {
                case "trace" -> slf4j.trace(format, params);
                case "debug" -> slf4j.debug(format, params);
                case "info" -> slf4j.info(format, params);
                case "warn" -> slf4j.warn(format, params);
                default -> slf4j.error(format, params);
            }
        }

        private static Object[] tail(Object[] args) {
            Object[] rest = new Object[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            return rest;
        }
    }
}
