// `import text from './file.css?inline'`: the stylesheet's text as a string, as Vite gives it.
declare module '*.css?inline' {
  const css: string;
  export default css;
}
