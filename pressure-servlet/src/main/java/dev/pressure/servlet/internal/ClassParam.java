package dev.pressure.servlet.internal;

import dev.pressure.internal.ConfigParser;
import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Instantiates a class named by a parameter ({@code healthCheck}, {@code pressureHandler}),
 * loaded with the web application's class loader. Stateless and thread-safe.
 */
public final class ClassParam {

  private ClassParam() {}

  /**
   * The web application's class loader: the context's, or the thread's context class loader
   * when the container refuses {@code getClassLoader()} (listeners added programmatically may
   * get a restricted context).
   *
   * @param context the web application's context
   * @return the loader to load user classes with
   */
  public static ClassLoader webappLoader(ServletContext context) {
    try {
      ClassLoader loader = context.getClassLoader();
      if (loader != null) {
        return loader;
      }
    } catch (UnsupportedOperationException | SecurityException e) {
      // fall through to the thread's loader, which the container sets to the application's
    }
    ClassLoader thread = Thread.currentThread().getContextClassLoader();
    return thread != null ? thread : ClassParam.class.getClassLoader();
  }

  /**
   * Loads {@code className} with {@code loader} and calls its public no-arg constructor.
   *
   * @param name the parameter's name, for the error message
   * @param className the class name
   * @param type the interface the class must implement
   * @param loader the web application's class loader
   * @param <T> the interface
   * @return a new instance
   * @throws IllegalArgumentException naming {@code name} when the class is missing, of the
   *     wrong type, has no public no-arg constructor, or its constructor throws (as the cause)
   */
  public static <T> T instantiate(String name, String className, Class<T> type, ClassLoader loader) {
    String allowed = "the name of a public class implementing " + type.getName()
        + " with a public no-arg constructor";
    if (className == null || className.isBlank()) {
      throw ConfigParser.error(name, allowed, className);
    }
    try {
      Class<?> c = Class.forName(className.trim(), true, loader);
      if (!type.isAssignableFrom(c) || !Modifier.isPublic(c.getModifiers())
          || Modifier.isAbstract(c.getModifiers())) {
        throw ConfigParser.error(name, allowed, className);
      }
      return type.cast(c.getConstructor().newInstance());
    } catch (InvocationTargetException e) {
      IllegalArgumentException error = ConfigParser.error(name, allowed + " that does not throw", className);
      error.initCause(e.getCause());
      throw error;
    } catch (ReflectiveOperationException | LinkageError e) {
      IllegalArgumentException error = ConfigParser.error(name, allowed, className);
      error.initCause(e);
      throw error;
    }
  }
}
