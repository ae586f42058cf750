package dev.memwall.calibrate;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Least squares on relative error by Levenberg-Marquardt (Apache Commons Math), with every
 * parameter kept within its bounds (a step that leaves them is clamped back). The residual of a
 * sample is {@code ln(predicted / measured)}: a relative error that weighs a 3 us norm like a 3 ms
 * GEMM, as per-layer tables call for (every row is one measurement), and that is symmetric, so
 * the fit is not pulled low by the rows it over-predicts most.
 */
final class RelativeLeastSquares {
    private static final int MAX_EVALUATIONS = 20_000;
    private static final double TINY = 1e-3;
    /** Relative change of cost or parameters at which the search stops: far below the data's noise. */
    private static final double TOLERANCE = 1e-7;

    /** A model: predictions and their derivatives for a parameter vector. */
    interface Model {
        /**
         * Writes the prediction of every sample into {@code predicted} and, unless it is null, the
         * derivative of prediction {@code i} by parameter {@code j} into {@code jacobian[i][j]}.
         */
        void evaluate(double[] x, double[] predicted, double[][] jacobian);
    }

    private RelativeLeastSquares() {
    }

    /**
     * The parameters that minimise the sum of squared log ratios.
     *
     * @param measured the measured values, all above 0
     */
    static double[] fit(double[] start, double[] lower, double[] upper, double[] measured, Model model) {
        int n = measured.length;
        int p = start.length;
        double[] prediction = new double[n];
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(clamp(start.clone(), lower, upper))
                .target(new double[n])
                .model(point -> {
                    double[] x = clamp(point.toArray(), lower, upper);
                    double[][] jacobian = new double[n][p];
                    model.evaluate(x, prediction, jacobian);
                    double[] r = new double[n];
                    for (int i = 0; i < n; i++) {
                        double y = Math.max(prediction[i], TINY);
                        r[i] = Math.log(y / measured[i]);
                        for (int j = 0; j < p; j++) {
                            jacobian[i][j] /= y;
                        }
                    }
                    return new Pair<RealVector, RealMatrix>(new ArrayRealVector(r, false),
                            new Array2DRowRealMatrix(jacobian, false));
                })
                .parameterValidator(v -> new ArrayRealVector(clamp(v.toArray(), lower, upper), false))
                .maxEvaluations(MAX_EVALUATIONS)
                .maxIterations(MAX_EVALUATIONS)
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(TOLERANCE).withParameterRelativeTolerance(TOLERANCE).optimize(problem);
        return clamp(optimum.getPoint().toArray(), lower, upper);
    }

    private static double[] clamp(double[] x, double[] lower, double[] upper) {
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.min(upper[j], Math.max(lower[j], x[j]));
        }
        return x;
    }
}
