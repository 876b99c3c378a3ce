package io.wvs.auth.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that counts the database round trips its callers make: every
 * {@code execute*} call on a statement (an {@code executeBatch} counts once) and every explicit
 * {@code commit} or {@code rollback} of a connection it hands out. Built from
 * {@link java.lang.reflect.Proxy}s over the pool's own objects, so everything else passes through
 * unchanged. Only used by the untimed self-check; the timed benchmarks use the pool directly.
 */
final class CountingDataSource {
  private final AtomicLong roundTrips = new AtomicLong();
  private final DataSource dataSource;

  CountingDataSource(DataSource delegate) {
    this.dataSource = proxy(DataSource.class, delegate, (target, method, args) -> {
      Object result = invoke(target, method, args);
      return result instanceof Connection c ? connection(c) : result;
    });
  }

  /** The counting data source. */
  DataSource dataSource() {
    return dataSource;
  }

  /** Round trips since the last {@link #reset()}. */
  long roundTrips() {
    return roundTrips.get();
  }

  void reset() {
    roundTrips.set(0);
  }

  private Connection connection(Connection c) {
    return proxy(Connection.class, c, (target, method, args) -> {
      String name = method.getName();
      if (name.equals("commit") || name.equals("rollback")) {
        roundTrips.incrementAndGet();
      }
      Object result = invoke(target, method, args);
      if (result instanceof CallableStatement s) {
        return statement(CallableStatement.class, s);
      }
      if (result instanceof PreparedStatement s) {
        return statement(PreparedStatement.class, s);
      }
      if (result instanceof Statement s) {
        return statement(Statement.class, s);
      }
      return result;
    });
  }

  private <S extends Statement> S statement(Class<S> type, S s) {
    return proxy(type, s, (target, method, args) -> {
      if (method.getName().startsWith("execute")) {
        roundTrips.incrementAndGet();
      }
      return invoke(target, method, args);
    });
  }

  @FunctionalInterface
  private interface Handler {
    Object handle(Object target, Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Handler handler) {
    InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
    return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, h));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
