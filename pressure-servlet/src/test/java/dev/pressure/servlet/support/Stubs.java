package dev.pressure.servlet.support;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain request and response objects for tests of the filter without a container: the few
 * methods the filter calls are real; anything else fails loudly.
 */
public final class Stubs {

  private Stubs() {}

  private static <T> T unsupported(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
      throw new UnsupportedOperationException(m.getName());
    }));
  }

  /** A synchronous REQUEST dispatch to {@code servletPath + pathInfo}. */
  public static final class Request extends HttpServletRequestWrapper {
    private final String servletPath;
    private final String pathInfo;

    public Request(String servletPath, String pathInfo) {
      super(unsupported(HttpServletRequest.class));
      this.servletPath = servletPath;
      this.pathInfo = pathInfo;
    }

    @Override
    public DispatcherType getDispatcherType() {
      return DispatcherType.REQUEST;
    }

    @Override
    public String getServletPath() {
      return servletPath;
    }

    @Override
    public String getPathInfo() {
      return pathInfo;
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }

    /** Async-supported, as most applications' servlets are: the filter wraps it. */
    @Override
    public boolean isAsyncSupported() {
      return true;
    }

    @Override
    public String getMethod() {
      return "GET";
    }

    /** No attributes (a refused request's criticality is looked up here). */
    @Override
    public Object getAttribute(String name) {
      return null;
    }
  }

  /** Records status, headers and body; optionally already committed. */
  public static final class Response extends HttpServletResponseWrapper {
    public final Map<String, String> headers = new LinkedHashMap<>();
    public final ByteArrayOutputStream body = new ByteArrayOutputStream();
    public int status = 200;
    private final boolean committed;

    public Response(boolean committed) {
      super(unsupported(HttpServletResponse.class));
      this.committed = committed;
    }

    @Override
    public boolean isCommitted() {
      return committed;
    }

    @Override
    public void setStatus(int sc) {
      status = sc;
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public void setContentType(String type) {
      headers.put("Content-Type", type);
    }

    @Override
    public void setContentLength(int len) {
      headers.put("Content-Length", Integer.toString(len));
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void write(int b) {
          body.write(b);
        }
      };
    }
  }
}
