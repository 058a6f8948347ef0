// Matchers such as toBeInTheDocument / toHaveAttribute for every component test.
import '@testing-library/jest-dom/vitest';
