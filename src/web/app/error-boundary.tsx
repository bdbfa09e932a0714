// A page that throws while drawing, or a coach/admin area whose code cannot be loaded (the
// connection dropped), shows what happened and a way out instead of a blank screen.
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Fallback({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice error" role="alert">
      <p>{t('errors.PAGE_FAILED')}</p>
      <button type="button" onClick={onRetry}>
        {t('common.reload')}
      </button>
    </div>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean; resetKey: string }> {
  state = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  // Going to another page clears the failure.
  static getDerivedStateFromProps(props: { resetKey: string }, state: { failed: boolean; resetKey: string }) {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  render() {
    if (this.state.failed) return <Fallback onRetry={() => window.location.reload()} />;
    return this.props.children;
  }
}
