import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the CSV of bench/sweep.sh as a PNG: one panel per setting (batch_size, linger.ms, batches in
 * flight), the route's rows/s against the setting's values, with the load average each run started at.
 * Plain Java2D, headless, no plotting library (the machine has none):
 *
 * <pre>java -Djava.awt.headless=true bench/SweepChart.java bench/work/sweep-*.csv docs/performance-sweep.png [title [subtitle]]</pre>
 */
public class SweepChart {

    record Point(double value, double rowsPerSecond, double load) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java bench/SweepChart.java SWEEP.csv OUT.png [title]");
            System.exit(2);
        }
        Map<String, List<Point>> panels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length < 7 || f[2].isBlank()) {
                continue;
            }
            panels.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Point(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[6])));
        }
        String title = args.length > 2 ? args[2] : "Querycast export route, 1,000,000 rows: rows/s by setting";

        int panelW = 380, panelH = 300, top = 50, w = panelW * Math.max(1, panels.size()) + 20, h = panelH + top + 30;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 15, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(args.length > 3 ? args[3]
                : "one run per point (bench/sweep.sh); other settings at their defaults; grey: 1-min load average when the run started (2 cores)", 15, 42);

        double maxRps = panels.values().stream().flatMap(List::stream).mapToDouble(Point::rowsPerSecond).max().orElse(1);
        double yMax = niceCeiling(maxRps * 1.1);
        int x0 = 10;
        for (Map.Entry<String, List<Point>> e : panels.entrySet()) {
            drawPanel(g, x0, top, panelW, panelH, label(e.getKey()), e.getValue(), yMax);
            x0 += panelW;
        }
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
        System.out.println("written " + args[1]);
    }

    static String label(String setting) {
        return switch (setting) {
            case "batch_size" -> "job batch_size (rows per batch)";
            case "linger_ms" -> "producer linger.ms";
            case "batches_in_flight" -> "batches in flight (export pool size)";
            default -> setting;
        };
    }

    static void drawPanel(Graphics2D g, int x, int y, int w, int h, String xLabel, List<Point> points, double yMax) {
        int left = x + 60, right = x + w - 15, topY = y + 24, bottom = y + h - 45;
        g.setColor(new Color(245, 245, 245));
        g.fillRect(left, topY, right - left, bottom - topY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        // y axis: rows/s
        for (int i = 0; i <= 5; i++) {
            double v = yMax * i / 5;
            int py = bottom - (int) ((bottom - topY) * i / 5.0);
            g.setColor(new Color(220, 220, 220));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String t = String.format(Locale.ROOT, "%,.0f", v);
            g.drawString(t, left - 5 - fm.stringWidth(t), py + 4);
        }
        g.drawString("rows/s", left - 45, topY - 10);
        // x axis: the values, evenly spaced (they span 0..5000, a linear axis would crowd them)
        int n = points.size();
        int[] px = new int[n];
        int[] py = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = left + (int) ((right - left) * (i + 0.5) / n);
            py[i] = bottom - (int) ((bottom - topY) * points.get(i).rowsPerSecond() / yMax);
            String t = String.format(Locale.ROOT, "%,.0f", points.get(i).value());
            g.setColor(Color.DARK_GRAY);
            g.drawString(t, px[i] - fm.stringWidth(t) / 2, bottom + 15);
        }
        g.drawString(xLabel, left + (right - left - fm.stringWidth(xLabel)) / 2, bottom + 32);
        g.setColor(new Color(31, 119, 180));
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < n; i++) {
            g.drawLine(px[i - 1], py[i - 1], px[i], py[i]);
        }
        for (int i = 0; i < n; i++) {
            g.setColor(new Color(31, 119, 180));
            g.fillOval(px[i] - 4, py[i] - 4, 8, 8);
            g.setColor(Color.BLACK);
            String t = String.format(Locale.ROOT, "%,.0f", points.get(i).rowsPerSecond());
            g.drawString(t, px[i] - fm.stringWidth(t) / 2, py[i] - 8);
            g.setColor(Color.GRAY);
            String l = String.format(Locale.ROOT, "load %.1f", points.get(i).load());
            g.drawString(l, px[i] - fm.stringWidth(l) / 2, py[i] + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, topY, right - left, bottom - topY);
    }

    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
