import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { cellKind, showCell, type ReportTable } from './model.ts';

const COLORS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c'];

/**
 * A table's chart (recharts, SVG). The drawing is hidden from screen readers; the same numbers are in a
 * data table inside the figure for them (and in the report table that follows).
 */
export function ReportChart({ table }: { table: ReportTable }) {
  const chart = table.chart!;
  const xi = table.columns.findIndex((c) => c.key === chart.x);
  const series = chart.series.map((key) => ({ key, index: table.columns.findIndex((c) => c.key === key), label: table.columns.find((c) => c.key === key)?.label ?? key }));
  const rows = table.rows.filter((r) => !(chart.excludeRows ?? []).includes(r.key));
  const data = rows.map((r) => ({
    x: String(r.cells[xi] ?? ''),
    ...Object.fromEntries(series.map((s) => [s.key, typeof r.cells[s.index] === 'number' ? (chart.unit === 'percent' ? Math.round((r.cells[s.index] as number) * 1000) / 10 : (r.cells[s.index] as number)) : null])),
  }));
  const unit = chart.unit === 'percent' ? '%' : '';
  const id = `chart-${table.id}`;
  // Long labels (statuses, project names) overlap under the bars: lay the bars out sideways, labels to their left.
  const sideways = chart.type === 'bar' && data.some((d) => d.x.length > 16);
  const labelWidth = Math.min(280, 8 + 6.5 * Math.max(...data.map((d) => d.x.length), 0));
  return (
    <figure className="report-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{chart.title}</figcaption>
      <div aria-hidden="true" className="report-chart-drawing">
        <ResponsiveContainer width="100%" height={sideways ? Math.max(160, 36 * data.length + 70) : 260}>
          {chart.type === 'line' ? (
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="x" tick={{ fontSize: 12 }} />
              <YAxis unit={unit} tick={{ fontSize: 12 }} domain={chart.unit === 'percent' ? [0, 100] : undefined} />
              <Tooltip />
              <Legend />
              {series.map((s, i) => (
                <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </LineChart>
          ) : sideways ? (
            <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 24, left: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" unit={unit} tick={{ fontSize: 12 }} allowDecimals={false} domain={chart.unit === 'percent' ? [0, 100] : undefined} />
              <YAxis type="category" dataKey="x" width={labelWidth} interval={0} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Legend />
              {series.map((s, i) => (
                <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          ) : (
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="x" tick={{ fontSize: 12 }} interval={0} />
              <YAxis unit={unit} tick={{ fontSize: 12 }} allowDecimals={false} />
              <Tooltip />
              <Legend />
              {series.map((s, i) => (
                <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      {/* In a hidden box: a table grows to its content whatever its width, and would widen the page. */}
      <div className="visually-hidden">
        <table>
          <caption>Chart data: {chart.title}</caption>
          <thead>
            <tr>
              <th scope="col">{table.columns[xi]?.label}</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{String(r.cells[xi] ?? '')}</th>
                {series.map((s) => (
                  <td key={s.key}>{showCell(r.cells[s.index] ?? null, cellKind(table, r, s.index))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
