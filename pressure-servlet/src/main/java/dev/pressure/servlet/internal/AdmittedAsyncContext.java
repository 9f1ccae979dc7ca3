package dev.pressure.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The {@code AsyncContext} an admitted request's application gets from {@code startAsync}: the
 * container's, plus one duty. When the application calls {@link #complete()}, the request's
 * {@link RequestCompletion} ends right there, whatever the container does next: Tomcat can
 * recycle an async request whose client reset the connection without firing any listener event
 * (the completion listener alone would then never run). Everything else is delegated.
 * Thread-safe as the container's context is.
 */
final class AdmittedAsyncContext implements AsyncContext {

  private final AsyncContext delegate;
  private final RequestCompletion completion;

  AdmittedAsyncContext(AsyncContext delegate, RequestCompletion completion) {
    this.delegate = delegate;
    this.completion = completion;
  }

  @Override
  public void complete() {
    completion.captureStatus(); // before the container may recycle the response
    try {
      delegate.complete();
    } finally {
      completion.finish();
    }
  }

  @Override
  public ServletRequest getRequest() {
    return delegate.getRequest();
  }

  @Override
  public ServletResponse getResponse() {
    return delegate.getResponse();
  }

  @Override
  public boolean hasOriginalRequestAndResponse() {
    return delegate.hasOriginalRequestAndResponse();
  }

  @Override
  public void dispatch() {
    delegate.dispatch();
  }

  @Override
  public void dispatch(String path) {
    delegate.dispatch(path);
  }

  @Override
  public void dispatch(ServletContext context, String path) {
    delegate.dispatch(context, path);
  }

  @Override
  public void start(Runnable run) {
    delegate.start(run);
  }

  @Override
  public void addListener(AsyncListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
    delegate.addListener(listener, request, response);
  }

  @Override
  public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
    return delegate.createListener(clazz);
  }

  @Override
  public void setTimeout(long timeout) {
    delegate.setTimeout(timeout);
  }

  @Override
  public long getTimeout() {
    return delegate.getTimeout();
  }
}
