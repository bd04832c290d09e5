package dev.gengap.plumbing.security;

/**
 * What a caller may do, each role including the ones before it: a viewer reads (get, list, watch,
 * reports, dataset reads), a submitter also submits runs and sweeps and cancels its own runs, an
 * admin also cancels anyone's.
 */
public enum Role {
  VIEWER,
  SUBMITTER,
  ADMIN;

  /** True when this role may do what {@code required} may. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }
}
