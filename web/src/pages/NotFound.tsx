import { Link } from 'react-router';
import { usePageTitle } from '../hooks.ts';

export function NotFoundPage() {
  const heading = usePageTitle('Page not found');
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is nothing here, or you may not see it. <Link to="/">Go to the dashboard</Link>.
      </p>
    </>
  );
}
