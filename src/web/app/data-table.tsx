// One table for every list of rows: column headers for screen readers and wide screens, and on a
// phone one card per row with each value under its column's name (styles.css, stack-on-phone).
import type { ReactNode } from 'react';

export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
  /** A column of buttons: its header is for screen readers only, its cells carry no label. */
  actions?: boolean;
  /** The cell that names the row (a row header). */
  rowHeader?: boolean;
}

export function DataTable<T>({ rows, columns, rowKey, rowClassName }: {
  rows: T[];
  columns: Array<Column<T>>;
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
}) {
  return (
    <div className="table-wrap">
      <table className="stack-on-phone">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col">
                {c.actions ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.label} scope="row">
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.label} data-label={c.actions ? undefined : c.label}>
                    {c.actions ? <Actions>{c.cell(row)}</Actions> : c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Buttons side by side; nothing at all when the row has none, so the cell stays empty.
function Actions({ children }: { children: ReactNode }) {
  return children ? <div className="actions">{children}</div> : null;
}
