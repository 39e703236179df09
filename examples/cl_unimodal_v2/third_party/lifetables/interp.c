/* vendored: linear interpolation of survival probabilities */
double interp(double a, double b, double t) { return a + (b - a) * t; }
