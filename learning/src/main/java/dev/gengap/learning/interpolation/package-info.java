/**
 * The paper's models that interpolate in closed form rather than by training a network with SGD
 * (Sections 4 and 5): Gaussian-kernel interpolation (Table 3), the minimum-norm linear interpolant
 * beside SGD on the same linear model (Eq. 3), and Theorem 1's two-layer ReLU network with 2n + d
 * weights. Everything is float64 on the CPU, through EJML's dense solvers.
 */
package dev.gengap.learning.interpolation;
