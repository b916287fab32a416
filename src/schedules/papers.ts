/** The papers schedulers come from, cited once and shared by every framework's definitions. */
import type { Paper } from './types';

export const PAPERS = {
  sgdr: {
    title: 'SGDR: Stochastic Gradient Descent with Warm Restarts',
    authors: 'Ilya Loshchilov, Frank Hutter',
    year: 2017,
    url: 'https://arxiv.org/abs/1608.03983',
  },
  transformer: {
    title: 'Attention Is All You Need',
    authors:
      'Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. Gomez, Łukasz Kaiser, Illia Polosukhin',
    year: 2017,
    url: 'https://arxiv.org/abs/1706.03762',
  },
  clr: {
    title: 'Cyclical Learning Rates for Training Neural Networks',
    authors: 'Leslie N. Smith',
    year: 2017,
    url: 'https://arxiv.org/abs/1506.01186',
  },
  superConvergence: {
    title: 'Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates',
    authors: 'Leslie N. Smith, Nicholay Topin',
    year: 2017,
    url: 'https://arxiv.org/abs/1708.07120',
  },
  bagOfTricks: {
    title: 'Bag of Tricks for Image Classification with Convolutional Neural Networks',
    authors: 'Tong He, Zhi Zhang, Hang Zhang, Zhongyue Zhang, Junyuan Xie, Mu Li',
    year: 2019,
    url: 'https://arxiv.org/abs/1812.01187',
  },
  minicpm: {
    title: 'MiniCPM: Unveiling the Potential of Small Language Models with Scalable Training Strategies',
    authors: 'Shengding Hu et al.',
    year: 2024,
    url: 'https://arxiv.org/abs/2404.06395',
  },
  tanhDecay: {
    title: 'Stochastic Gradient Descent with Hyperbolic-Tangent Decay on Classification',
    authors: 'Bo-Yang Hsueh, Wei Li, I-Chen Wu',
    year: 2019,
    url: 'https://arxiv.org/abs/1806.01593',
  },
  swa: {
    title: 'Averaging Weights Leads to Wider Optima and Better Generalization',
    authors: 'Pavel Izmailov, Dmitrii Podoprikhin, Timur Garipov, Dmitry Vetrov, Andrew Gordon Wilson',
    year: 2018,
    url: 'https://arxiv.org/abs/1803.05407',
  },
} as const satisfies Record<string, Paper>;
