package io.stratus.compute.libvirt;

import io.stratus.compute.agent.DomainSpec;
import io.stratus.compute.agent.Hypervisor;
import io.stratus.compute.message.InstanceEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.Library;
import org.libvirt.NodeInfo;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hypervisor through libvirt-java: one long-lived connection (the test driver keeps its domains only as
 * long as a connection is open), used from one thread of its own, so no libvirt call ever runs on an event
 * loop and calls never interleave. Lifecycle events come from libvirt's default event loop, run by one
 * process-wide daemon thread; a listener only frees the domain handle and tells the agent to look.
 */
public final class LibvirtHypervisor implements Hypervisor {
  private static final Logger LOG = LoggerFactory.getLogger(LibvirtHypervisor.class);
  private static final AtomicInteger COUNT = new AtomicInteger();
  /**
   * libvirt's error callback, which silences its stderr. JNA hands native code a pointer to this object and
   * does not keep it alive: it must stay strongly reachable, or a GC frees it and the next libvirt error
   * (e.g. looking up a domain that is gone) jumps through a dangling pointer and crashes the JVM.
   */
  private static final ErrorCallback ERRORS = new ErrorCallback();
  private static Thread eventLoop;

  private final ExecutorService thread;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final LifecycleListener lifecycle = this::lifecycleChanged;
  private final String uri;
  private Connect connect;
  private boolean listening;

  private LibvirtHypervisor(String uri) {
    this.uri = uri;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "stratus-libvirt-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Connects to {@code uri} (e.g. test:///default, qemu:///system) and subscribes to lifecycle events. */
  public static Future<LibvirtHypervisor> open(String uri) {
    LibvirtHypervisor hypervisor = new LibvirtHypervisor(uri);
    return hypervisor.call(() -> {
      startEventLoop();
      hypervisor.connect = new Connect(uri);
      try {
        hypervisor.connect.addLifecycleListener(hypervisor.lifecycle);
        hypervisor.listening = true;
      } catch (LibvirtException e) {
        LOG.info("libvirt at {} sends no lifecycle events ({}); the power-state sync alone notices changes", uri, message(e));
      }
      return hypervisor;
    }).onFailure(e -> hypervisor.thread.shutdown());
  }

  /** libvirt's default event loop, registered before the first connection and run by one daemon thread for good. */
  private static synchronized void startEventLoop() throws LibvirtException {
    if (eventLoop != null) return;
    Connect.setErrorCallback(ERRORS);
    Library.initEventLoop();
    eventLoop = new Thread(() -> {
      try {
        Library.runEventLoop();
      } catch (LibvirtException | InterruptedException e) {
        LOG.warn("libvirt's event loop stopped: {}", e.getMessage());
      }
    }, "stratus-libvirt-events");
    eventLoop.setDaemon(true);
    eventLoop.start();
  }

  private int lifecycleChanged(Domain domain, org.libvirt.event.DomainEvent event) {
    try {
      domain.free();
    } catch (LibvirtException ignored) {
      // the handle is gone either way
    }
    listeners.forEach(Runnable::run);
    return 0;
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public Future<HostInfo> hostInfo() {
    return call(() -> {
      NodeInfo node = connect.nodeInfo();
      return new HostInfo(connect.getType(), uri, node.cpus, node.memory / 1024);
    });
  }

  @Override
  public Future<Void> define(DomainSpec domain) {
    String xml = DomainXml.render(domain);
    return call(() -> {
      connect.domainDefineXML(xml).free();
      return null;
    });
  }

  @Override
  public Future<Void> start(String uuid) {
    return onDomain(uuid, d -> {
      if (d.isActive() == 0) d.create();
    });
  }

  @Override
  public Future<Void> shutdown(String uuid) {
    return onDomain(uuid, d -> {
      if (d.isActive() == 1) d.shutdown();
    });
  }

  @Override
  public Future<Void> destroy(String uuid) {
    return call(() -> {
      Domain d = lookup(uuid);
      if (d == null) return null;
      try {
        if (d.isActive() == 1) d.destroy();
      } catch (LibvirtException e) {
        if (d.isActive() == 1) throw e; // it was going down by itself meanwhile, else a real failure
      } finally {
        d.free();
      }
      return null;
    });
  }

  @Override
  public Future<Void> undefine(String uuid) {
    return call(() -> {
      Domain d = lookup(uuid);
      if (d == null) return null;
      try {
        d.undefine();
      } finally {
        d.free();
      }
      return null;
    });
  }

  @Override
  public Future<Integer> powerState(String uuid) {
    return call(() -> {
      Domain d = lookup(uuid);
      if (d == null) return NO_DOMAIN;
      try {
        return power(d.getInfo().state);
      } finally {
        d.free();
      }
    });
  }

  @Override
  public Future<Map<String, Integer>> powerStates() {
    return call(() -> {
      Map<String, Integer> states = new HashMap<>();
      for (int id : connect.listDomains()) {
        Domain d = quietly(() -> connect.domainLookupByID(id));
        if (d != null) record(states, d);
      }
      for (String name : connect.listDefinedDomains()) {
        Domain d = quietly(() -> connect.domainLookupByName(name));
        if (d != null) record(states, d);
      }
      return states;
    });
  }

  private static void record(Map<String, Integer> states, Domain d) throws LibvirtException {
    try {
      states.put(d.getUUIDString(), power(d.getInfo().state));
    } catch (LibvirtException e) {
      if (e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN) throw e; // gone since it was listed
    } finally {
      d.free();
    }
  }

  /** Closes the connection (the test driver's domains go with it) and the thread. */
  @Override
  public Future<Void> close() {
    Future<Void> closed = call(() -> {
      if (listening) {
        try {
          connect.removeLifecycleListener(lifecycle);
        } catch (LibvirtException e) {
          LOG.debug("Removing the lifecycle listener failed: {}", message(e));
        }
      }
      connect.close();
      return null;
    });
    return closed.eventually(() -> {
      thread.shutdown();
      return Future.succeededFuture();
    });
  }

  /** Nova's power state for a libvirt state (nova/virt/libvirt/driver.py LIBVIRT_POWER_STATE). */
  static int power(DomainState state) {
    return switch (state) {
      case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> InstanceEvent.RUNNING;
      case VIR_DOMAIN_PAUSED -> InstanceEvent.PAUSED;
      case VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF -> InstanceEvent.SHUTDOWN;
      case VIR_DOMAIN_CRASHED -> InstanceEvent.CRASHED;
      default -> InstanceEvent.NOSTATE;
    };
  }

  /** The domain with the uuid, or null. */
  private Domain lookup(String uuid) throws LibvirtException {
    return quietly(() -> connect.domainLookupByUUIDString(uuid));
  }

  private static Domain quietly(LibvirtCall<Domain> lookup) throws LibvirtException {
    try {
      return lookup.call();
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) return null;
      throw e;
    }
  }

  private Future<Void> onDomain(String uuid, DomainAction action) {
    return call(() -> {
      Domain d = lookup(uuid);
      if (d == null) throw new IllegalStateException("no domain with uuid " + uuid);
      try {
        action.run(d);
      } finally {
        d.free();
      }
      return null;
    });
  }

  /** Runs a libvirt call on the connection's thread; completes on the caller's context. */
  private <T> Future<T> call(LibvirtCall<T> work) {
    Context caller = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    try {
      thread.execute(() -> {
        try {
          T result = work.call();
          complete(caller, () -> promise.complete(result));
        } catch (LibvirtException e) {
          complete(caller, () -> promise.fail(new IllegalStateException("libvirt: " + message(e), e)));
        } catch (RuntimeException e) {
          complete(caller, () -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException e) {
      promise.fail(new IllegalStateException("the libvirt connection is closed"));
    }
    return promise.future();
  }

  private static void complete(Context caller, Runnable completion) {
    if (caller == null) completion.run();
    else caller.runOnContext(v -> completion.run());
  }

  private static String message(LibvirtException e) {
    return e.getError() == null ? e.getMessage() : e.getError().getMessage();
  }

  /** One call into libvirt. */
  @FunctionalInterface
  private interface LibvirtCall<T> {
    T call() throws LibvirtException;
  }

  /** Something done to a domain. */
  @FunctionalInterface
  private interface DomainAction {
    void run(Domain domain) throws LibvirtException;
  }
}
