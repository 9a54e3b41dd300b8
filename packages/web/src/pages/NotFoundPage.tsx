import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page here. <Link to="/">Predict a customer's segment</Link> instead.
      </p>
    </section>
  );
}
